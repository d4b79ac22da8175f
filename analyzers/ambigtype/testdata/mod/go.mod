module example.com/app

go 1.26.0

require (
	github.com/gorilla/sessions v1.4.0
	golang.org/x/crypto v0.58.0
	gorm.io/gorm v1.31.2
)

require (
	github.com/gorilla/securecookie v1.1.2 // indirect
	github.com/jinzhu/inflection v1.0.0 // indirect
	github.com/jinzhu/now v1.1.5 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
