//! Chapter 8 benchmark suite.
