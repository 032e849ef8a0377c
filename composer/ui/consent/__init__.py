"""The consent register window, its forms (record, withdrawal, person, erasure) and the printable form."""
