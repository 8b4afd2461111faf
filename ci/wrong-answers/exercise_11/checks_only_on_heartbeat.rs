//! 错误：只在收到心跳时检查：所有工作线程都沉默时根本没有心跳，检查永远不会发生
//! 期望：没有结束
#![allow(unused_imports)]
use crossbeam_channel::{after, select, tick, Receiver};
use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    AllFinished,
    Silent(Vec<usize>),
}

pub fn watch(heartbeats: &Receiver<usize>, workers: usize, limit: Duration) -> Verdict {
    let mut last_seen = vec![Instant::now(); workers];
    for id in heartbeats {
        if let Some(seen) = last_seen.get_mut(id) {
            *seen = Instant::now();
        }
        let now = Instant::now();
        let silent: Vec<usize> = (0..workers)
            .filter(|&id| now.duration_since(last_seen[id]) > limit)
            .collect();
        if !silent.is_empty() {
            return Verdict::Silent(silent);
        }
    }
    Verdict::AllFinished
}

#[cfg(test)]
mod tests;
