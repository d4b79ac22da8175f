// Package fixalign checks that a fix which shifts aligned comments stays
// gofmt-clean.
package fixalign

import (
	"example.com/db" // want `this file also uses Session from "example.com/models"`

	"example.com/models" // want `this file also uses Session from "example.com/db"`
)

type pair struct {
	tx   *db.Session    // the transaction
	user models.Session // the signed-in user
}
