//! 错误：用 recv() 而不是 recv_timeout()：Sender 活着却不发消息时永远等下去
//! 期望：测试在 5 秒内没有结束

use std::sync::mpsc::{Receiver, RecvError, RecvTimeoutError};
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

pub fn collect_until_quiet<T>(rx: &Receiver<T>, quiet: Duration) -> Collected<T> {
    let mut messages = Vec::new();
    loop {
        // 关键决定：recv_timeout 把两种“没有消息”区分开了。
        // 缓冲区里还有消息时它总是先返回消息，哪怕 Sender 已经全部 drop。
        let _ = quiet;
        match rx.recv().map_err(|RecvError| RecvTimeoutError::Disconnected) {
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

#[cfg(test)]
mod tests;
