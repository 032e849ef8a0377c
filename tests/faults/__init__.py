"""Fault trials: a real window driven in a child process, stopped by signals, locks and full disks."""
