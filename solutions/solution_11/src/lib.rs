//! 练习 11 的参考答案。

use crossbeam_channel::{select, tick, Receiver};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    AllFinished,
    Silent(Vec<usize>),
}

// ANCHOR: solution
pub fn watch(heartbeats: &Receiver<usize>, workers: usize, limit: Duration) -> Verdict {
    // 开始监视的时刻，每个工作线程都算刚刚见过。
    let mut last_seen = vec![Instant::now(); workers];
    // 关键决定：检查由自己的节拍器触发，而不是由心跳触发。所有工作线程都沉默时恰恰没有心跳，
    // 而一个随心跳重置的计时器又会被健康的工作线程不停地推迟。
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
                    .filter(|&id| now.duration_since(last_seen[id]) > limit)
                    .collect();
                if !silent.is_empty() {
                    return Verdict::Silent(silent);
                }
            }
        }
    }
}
// ANCHOR_END: solution

#[cfg(test)]
#[path = "../../../exercises/exercise_11/src/tests.rs"]
mod tests;
