package fixdot

import . "example.com/models" // want `a.go uses a bare Session from "example.com/db"`

func current() (Session, User) { return Current(), User{} }
