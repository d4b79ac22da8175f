// Package remote runs commands over SSH for a user session.
package remote

import (
	"example.com/app/models"  // want `this file also uses Session from "golang.org/x/crypto/ssh"`
	"golang.org/x/crypto/ssh" // want `this file also uses Session from "example.com/app/models"`
)

func run(client *ssh.Client, who models.Session) error {
	var s *ssh.Session
	s, err := client.NewSession()
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Run("logout " + who.ID)
}
