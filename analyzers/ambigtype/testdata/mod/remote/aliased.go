package remote

import (
	"example.com/app/models"
	sshclient "golang.org/x/crypto/ssh"
)

func runAliased(client *sshclient.Client, who models.Session) error {
	s, err := client.NewSession()
	if err != nil {
		return err
	}
	var _ *sshclient.Session = s
	return s.Close()
}
