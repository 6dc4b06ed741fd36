module github.com/pmokit/pmokit

go 1.25.0

require (
	cel.dev/cel-go v0.33.2 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)
