//! 错误：为了“立即返回”，在新线程里用阻塞的 send 发送：submit 永远返回 Ok，满了也不拒绝
//! 期望：第 3 个任务应被拒绝为 Busy

use std::sync::mpsc::{self, Receiver, SyncSender};

#[derive(Debug, PartialEq, Eq)]
pub enum Rejected<T> {
    Busy(T),
    Closed(T),
}

#[derive(Debug, Clone)]
pub struct Submitter<T> {
    tx: SyncSender<T>,
}

pub fn bounded_queue<T>(capacity: usize) -> (Submitter<T>, Receiver<T>) {
    let (tx, rx) = mpsc::sync_channel(capacity);
    (Submitter { tx }, rx)
}

impl<T: Send + 'static> Submitter<T> {
    pub fn submit(&self, job: T) -> Result<(), Rejected<T>> {
        // 关键决定：try_send 从不阻塞，而且失败时把消息放在错误里还给我们。
        let tx = self.tx.clone();
        // 发送可能会等，放到另一个线程里，submit 就能立即返回
        std::thread::spawn(move || tx.send(job));
        Ok(())
    }
}

#[cfg(test)]
mod tests;
