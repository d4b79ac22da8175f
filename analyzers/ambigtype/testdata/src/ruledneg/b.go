package ruledneg

import "example.com/models"

func current() models.Session { return models.Current() }
