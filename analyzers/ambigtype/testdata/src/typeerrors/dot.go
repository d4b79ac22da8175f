package typeerrors

import . "example.com/nowhere"

var _ Session
