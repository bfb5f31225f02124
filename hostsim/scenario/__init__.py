"""Scenarios: the world and PFM server of a run, the external application, agent flows, the matrix."""
