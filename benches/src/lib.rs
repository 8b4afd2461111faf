//! Chapter 8's benchmark suite: channels measured the way a performance engineer would trust.
//!
//! * [`catalog`] lists every benchmark (implementation × topology × capacity × message).
//! * [`flavors`] and [`async_flavors`] put each implementation behind one trait.
//! * [`rig`] runs the timed rounds: participants spawned once, released by a barrier, timed
//!   from release to the last receive, every message counted and checksummed.
//! * [`report`] turns criterion's results into the committed CSV, tables, charts and the
//!   headline figures the book includes.
//!
//! Run it with `cargo xtask bench` (full) or `cargo xtask bench --smoke` (every benchmark
//! briefly; CI runs this).

pub mod async_flavors;
pub mod catalog;
pub mod claims;
pub mod flavors;
pub mod guard;
pub mod handmade;
pub mod lost_wakeup;
pub mod message;
pub mod report;
pub mod repro;
pub mod rig;
