"""Reading and writing documents: byte decoding, HTML reading, input discovery, safe output."""
