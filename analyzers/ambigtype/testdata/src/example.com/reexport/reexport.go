// Package reexport spells models.Session under a second import path.
package reexport

import "example.com/models"

type Session = models.Session
