//! 错误：用 try_recv，把“此刻没有消息”（Empty）当成了“安静”，没有等满 quiet
//! 期望：没有等满 quiet

use std::sync::mpsc::{Receiver, TryRecvError};
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
        match rx.try_recv() {
            Ok(message) => messages.push(message),
            Err(TryRecvError::Empty) => {
                return Collected {
                    messages,
                    end: End::Quiet,
                };
            }
            Err(TryRecvError::Disconnected) => {
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
