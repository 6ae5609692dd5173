"""Link prediction: topological concentration, GNN link predictors, TC reweighting, analysis."""
