//! 错误：任何接收错误都当成 Quiet：通道断开也报告为“安静”
//! 期望：结束原因是 Disconnected

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

pub fn collect_until_quiet<T>(rx: &Receiver<T>, quiet: Duration) -> Collected<T> {
    let mut messages = Vec::new();
    loop {
        // 关键决定：recv_timeout 把两种“没有消息”区分开了。
        // 缓冲区里还有消息时它总是先返回消息，哪怕 Sender 已经全部 drop。
        match rx.recv_timeout(quiet) {
            Ok(message) => messages.push(message),
            Err(_) => {
                return Collected {
                    messages,
                    end: End::Quiet,
                };
            }
        }
    }
}

#[cfg(test)]
mod tests;
