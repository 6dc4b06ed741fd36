// Package risk assesses project risks: risk matrices, assessment of a
// risk's rating and expected monetary value, register roll-ups over a
// portfolio, Monte Carlo simulation of cost and schedule impact, and heat
// maps.
package risk
