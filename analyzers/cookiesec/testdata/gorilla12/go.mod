module example.com/legacyapp

go 1.26.0

require github.com/gorilla/sessions v1.2.1

require github.com/gorilla/securecookie v1.1.1 // indirect
