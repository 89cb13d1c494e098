"""Personal data: masking before anything is rendered, and the gate that scans the built site."""
