//! 错误：只记录跳过的工作线程（HashMap 在收到心跳时才插入）：从来没跳过的工作线程永远不会被报告
//! 期望：一次都没跳过的工作线程
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
    let _ = workers;
    let mut last_seen: HashMap<usize, Instant> = HashMap::new();
    let checks = tick(limit / 4);
    loop {
        select! {
            recv(heartbeats) -> beat => match beat {
                Ok(id) => {
                    last_seen.insert(id, Instant::now());
                }
                Err(_) => return Verdict::AllFinished,
            },
            recv(checks) -> _ => {
                let now = Instant::now();
                let mut silent: Vec<usize> = last_seen
                    .iter()
                    .filter(|(_, &seen)| now.duration_since(seen) > limit)
                    .map(|(&id, _)| id)
                    .collect();
                silent.sort();
                if !silent.is_empty() {
                    return Verdict::Silent(silent);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
