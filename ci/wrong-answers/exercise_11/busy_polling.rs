//! 错误：用 try_recv 空转轮询心跳，一边查一边看表：结果对，却一直占着一个核
//! 期望：它在空转
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
    use crossbeam_channel::TryRecvError;
    let mut last_seen = vec![Instant::now(); workers];
    loop {
        match heartbeats.try_recv() {
            Ok(id) => {
                if let Some(seen) = last_seen.get_mut(id) {
                    *seen = Instant::now();
                }
            }
            Err(TryRecvError::Disconnected) => return Verdict::AllFinished,
            Err(TryRecvError::Empty) => {}
        }
        let now = Instant::now();
        let silent: Vec<usize> = (0..workers)
            .filter(|&id| now.duration_since(last_seen[id]) > limit)
            .collect();
        if !silent.is_empty() {
            return Verdict::Silent(silent);
        }
    }
}

#[cfg(test)]
mod tests;
