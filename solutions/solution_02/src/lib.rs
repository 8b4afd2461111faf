//! 练习 02 的参考答案。

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Disconnected,
    Quiet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected<T> {
    pub messages: Vec<T>,
    pub end: End,
}

// ANCHOR: solution
pub fn collect_until_quiet<T>(rx: &Receiver<T>, quiet: Duration) -> Collected<T> {
    let mut messages = Vec::new();
    loop {
        // 关键决定：recv_timeout 把两种“没有消息”区分开了。
        // 缓冲区里还有消息时它总是先返回消息，哪怕 Sender 已经全部 drop。
        match rx.recv_timeout(quiet) {
            Ok(message) => messages.push(message),
            Err(RecvTimeoutError::Timeout) => {
                return Collected {
                    messages,
                    end: End::Quiet,
                };
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Collected {
                    messages,
                    end: End::Disconnected,
                };
            }
        }
    }
}
// ANCHOR_END: solution

#[cfg(test)]
#[path = "../../../exercises/exercise_02/src/tests.rs"]
mod tests;
