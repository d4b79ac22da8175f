package ruled

// Dot-imports db but never spells Session: it does not count.
import . "example.com/db"

func closeAll() { Close(nil) }
