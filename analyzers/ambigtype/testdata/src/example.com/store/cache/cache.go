package cache

type Cache struct{ Size int }

func New() *Cache { return &Cache{} }
