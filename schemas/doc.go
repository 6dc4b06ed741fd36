// Package schemas holds the JSON Schemas (draft 2020-12) of pmokit's file
// formats: the portfolio file that [github.com/pmokit/pmokit/pmo.ReadPortfolio]
// reads, the policy file that
// [github.com/pmokit/pmokit/governance.ParsePolicy] reads, the risk
// matrix definition that [github.com/pmokit/pmokit/risk.ParseMatrix] reads,
// the parameters file that [github.com/pmokit/pmokit/governance.ReadParams]
// reads, and the governance report.
//
// The schemas serve editors and hosts. An editor that knows JSON Schema
// completes field names, shows each field's documentation and flags a
// malformed money string or an unknown enum word while a file is typed. A
// host can serve the bytes to a web form or a validator of its own. pmokit
// itself does not validate against them: its readers are stricter (they also
// check references, duplicate IDs and, for policies, every CEL expression),
// and their errors name the same paths.
//
// # Editor hints
//
// With the YAML language server (VS Code's YAML extension, Neovim, Helix…),
// put a modeline on the first line of a portfolio or policy file:
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/portfolio.schema.json
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/policy.schema.json
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/matrix.schema.json
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/pmokit/pmokit/main/schemas/params.schema.json
//
// For JSON files, map the schema to a file pattern in the editor's settings
// (VS Code: "json.schemas"); a "$schema" key in the file itself would be an
// unknown field to pmokit's strict readers.
//
// # Keeping the schemas true
//
// The schemas are written by hand, with the Go doc comments of the types as
// their descriptions. The package's tests keep them in sync with the code: a
// field added to a pmo type without its schema property fails, and so does
// any sample portfolio, test portfolio, policy pack, test policy or risk
// matrix of the module that does not validate.
//
// The functions return fresh copies, so callers may modify the bytes; they
// are safe for concurrent use.
package schemas
