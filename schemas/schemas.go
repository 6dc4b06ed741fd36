package schemas

import (
	"bytes"
	_ "embed"
)

//go:embed portfolio.schema.json
var portfolioSchema []byte

//go:embed policy.schema.json
var policySchema []byte

//go:embed matrix.schema.json
var matrixSchema []byte

//go:embed report.schema.json
var reportSchema []byte

//go:embed params.schema.json
var paramsSchema []byte

// PortfolioID is the $id of the portfolio schema, the URL editors fetch it
// from.
const PortfolioID = "https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/portfolio.schema.json"

// PolicyID is the $id of the policy schema, the URL editors fetch it from.
const PolicyID = "https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/policy.schema.json"

// MatrixID is the $id of the risk matrix schema, the URL editors fetch it
// from.
const MatrixID = "https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/matrix.schema.json"

// ReportID is the $id of the governance report schema.
const ReportID = "https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/report.schema.json"

// ParamsID is the $id of the parameters file schema, the URL editors fetch
// it from.
const ParamsID = "https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/params.schema.json"

// Portfolio returns a copy of the JSON Schema (draft 2020-12) of the
// portfolio file read by pmo.ReadPortfolio. Editors use it for completion and
// on-the-fly checks; a host may serve it or validate with it.
func Portfolio() []byte { return bytes.Clone(portfolioSchema) }

// Policy returns a copy of the JSON Schema (draft 2020-12) of the policy file
// read by governance.ParsePolicy.
func Policy() []byte { return bytes.Clone(policySchema) }

// Matrix returns a copy of the JSON Schema (draft 2020-12) of the risk
// matrix definition file read by risk.ParseMatrix (and by pmokit risk
// --matrix FILE).
func Matrix() []byte { return bytes.Clone(matrixSchema) }

// Report returns a copy of the JSON Schema (draft 2020-12) of a governance
// report: what governance.Report marshals to (schema_version
// governance.ReportSchemaVersion) and what pmokit check and pmokit gate
// print with --format json.
func Report() []byte { return bytes.Clone(reportSchema) }

// Params returns a copy of the JSON Schema (draft 2020-12) of the
// parameters file read by governance.ReadParams (and by pmokit check, gate,
// test and report --params FILE). The types of the values are the
// policies' to judge: the schema checks the shape.
func Params() []byte { return bytes.Clone(paramsSchema) }
