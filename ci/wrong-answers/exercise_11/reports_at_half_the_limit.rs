//! 错误：把 limit 当成检查间隔的两倍来用（沉默超过 limit/2 就报告）：报告得太早
//! 期望：报告得太早
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
    let checks = tick(limit / 4);
    loop {
        select! {
            recv(heartbeats) -> beat => match beat {
                Ok(id) => {
                    if let Some(seen) = last_seen.get_mut(id) {
                        *seen = Instant::now();
                    }
                }
                Err(_) => return Verdict::AllFinished,
            },
            recv(checks) -> _ => {
                let now = Instant::now();
                let silent: Vec<usize> = (0..workers)
                    .filter(|&id| now.duration_since(last_seen[id]) > limit / 2)
                    .collect();
                if !silent.is_empty() {
                    return Verdict::Silent(silent);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
