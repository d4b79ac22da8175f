module github.com/relguard/relguard

go 1.26.0

require (
	github.com/Masterminds/semver/v3 v3.5.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/tools v0.52.0
)

require (
	github.com/google/go-cmp v0.7.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
)
