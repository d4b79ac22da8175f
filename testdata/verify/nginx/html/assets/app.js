document.getElementById("root").textContent = "Welcome to ApplyLens";
