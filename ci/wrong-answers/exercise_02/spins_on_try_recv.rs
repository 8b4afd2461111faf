//! 错误：用 try_recv 忙等并自己计时：结果正确，但等待时占满一个 CPU
//! 期望：空转

use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

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
    let mut last = Instant::now();
    loop {
        // 关键决定：recv_timeout 把两种“没有消息”区分开了。
        // 缓冲区里还有消息时它总是先返回消息，哪怕 Sender 已经全部 drop。
        match rx.try_recv() {
            Ok(message) => {
                messages.push(message);
                last = Instant::now();
            }
            Err(TryRecvError::Empty) if last.elapsed() < quiet => continue,
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
