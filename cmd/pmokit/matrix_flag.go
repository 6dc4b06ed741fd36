package main

import (
	"flag"

	"github.com/pmokit/pmokit/governance"
)

// matrixFlagUsage is the --matrix line of the usages of check and gate: the
// risk matrix that the rules' risk functions rate with.
const matrixFlagUsage = "the risk `MATRIX` of risk_rating, risk_score, risk_impact and risk_dimension: 5x5 (default), 3x3, pmbok, dod or a matrix FILE"

// registerMatrix registers --matrix MATRIX (check, gate).
func (p *policyFlags) registerMatrix(fs *flag.FlagSet) {
	fs.StringVar(&p.matrixName, "matrix", "", matrixFlagUsage)
}

// matrixOption returns the engine option of the chosen matrix (report sets
// the matrix of its risk section); none when no matrix was chosen, so that
// the engine keeps its default, risk.Preset5x5.
func (p *policyFlags) matrixOption(in *inputs) ([]governance.Option, error) {
	if p.matrix != nil {
		return []governance.Option{governance.WithRiskMatrix(p.matrix)}, nil
	}
	if p.matrixName == "" {
		return nil, nil
	}
	m, err := loadMatrix(in, p.matrixName)
	if err != nil {
		return nil, err
	}
	return []governance.Option{governance.WithRiskMatrix(m)}, nil
}
