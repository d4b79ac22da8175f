package cli

type Client struct{ Addr string }

func New() *Client { return &Client{} }
