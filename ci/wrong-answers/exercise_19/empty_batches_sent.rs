//! 错误：flush 没有检查空批次：到期检查和 drop 会发出空的 Vec
//! 期望：不应发出空 Vec
use std::mem;
use std::time::{Duration, Instant};

use crossbeam_channel::{SendError, Sender};

// ANCHOR: solution
/// 把逐条到来的数据攒成 `Vec`，整批发出：攒满 `max_items` 条、到了截止时间、
/// 或者被 drop 时发出。
///
/// 一批数据从**第一条进来**的那一刻开始计时，最多等 `max_delay` 就该发出。
/// `push` 只按数量发送，不读时钟；生产者空闲时用 [`Batcher::deadline`] 决定最多能等多久，
/// 到点后调用 [`Batcher::flush_if_due`]。
#[derive(Debug)]
pub struct Batcher<T> {
    tx: Sender<Vec<T>>,
    batch: Vec<T>,
    max_items: usize,
    max_delay: Duration,
    /// 当前这一批的第一条数据进来的时刻；批次为空时是 `None`。
    opened_at: Option<Instant>,
}

impl<T> Batcher<T> {
    /// 创建一个批处理器。`max_items` 为 0 时 panic（那样的批次永远发不出去）。
    pub fn new(tx: Sender<Vec<T>>, max_items: usize, max_delay: Duration) -> Self {
        assert!(max_items > 0, "max_items 必须大于 0");
        Batcher {
            tx,
            batch: Vec::with_capacity(max_items),
            max_items,
            max_delay,
            opened_at: None,
        }
    }

    /// 当前批次里有几条还没发出的数据。
    pub fn len(&self) -> usize {
        self.batch.len()
    }

    /// 当前批次是否为空。
    pub fn is_empty(&self) -> bool {
        self.batch.is_empty()
    }

    /// 加入一条数据；批次满了就立即发出。
    ///
    /// 接收端已经不在时返回 `Err`，错误里带着这一批数据，调用者可以把它们拿回来。
    // 每条数据都走这里：提示编译器内联，批处理省下的几纳秒才不会被函数调用吃掉。
    #[inline]
    pub fn push(&mut self, item: T) -> Result<(), SendError<Vec<T>>> {
        if self.batch.is_empty() {
            // 关键决定：每批只在第一条进来时读一次时钟。push 是每条数据都走的热路径，
            // 按数量发出不需要知道时间；截止时间留给空闲时的 flush_if_due 去查。
            self.opened_at = Some(Instant::now());
        }
        self.batch.push(item);
        if self.batch.len() >= self.max_items {
            self.flush()
        } else {
            Ok(())
        }
    }

    /// 立即发出当前批次（空批次什么也不发）。
    pub fn flush(&mut self) -> Result<(), SendError<Vec<T>>> {
        self.opened_at = None;
        // 换上一个新的空 Vec，把攒好的整批交给通道：发送转移的是 Vec 的句柄，不复制数据。
        let full = mem::replace(&mut self.batch, Vec::with_capacity(self.max_items));
        self.tx.send(full)
    }

    /// 当前批次最晚应在什么时候发出；批次为空时没有截止时间。
    pub fn deadline(&self) -> Option<Instant> {
        self.opened_at.map(|opened| opened + self.max_delay)
    }

    /// 截止时间已到就发出当前批次，返回是否发出了。
    pub fn flush_if_due(&mut self) -> Result<bool, SendError<Vec<T>>> {
        match self.deadline() {
            Some(due) if Instant::now() >= due => self.flush().map(|()| true),
            _ => Ok(false),
        }
    }
}

impl<T> Drop for Batcher<T> {
    fn drop(&mut self) {
        // 接收端已经不在时，剩下的数据没有人要了，忽略这个错误是对的；
        // 而在 drop 里 panic，如果正赶上另一个 panic 的展开，整个进程会直接中止。
        let _ = self.flush();
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
