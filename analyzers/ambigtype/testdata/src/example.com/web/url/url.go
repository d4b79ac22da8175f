package url

type URL struct{ Host string }

func Parse(s string) *URL { return &URL{Host: s} }
