//! 错误：每轮循环新建一个 after(limit)：只要还有一个工作线程在跳，这个计时器就不停地被推迟
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
            recv(after(limit)) -> _ => {
                let now = Instant::now();
                let silent: Vec<usize> = (0..workers)
                    .filter(|&id| now.duration_since(last_seen[id]) > limit)
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
