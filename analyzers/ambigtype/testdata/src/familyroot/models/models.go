package models

type Session struct{ UserID int64 }
