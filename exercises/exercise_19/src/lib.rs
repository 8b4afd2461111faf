//! 练习 19：批处理适配器
//!
//! 逐条发送小消息时，每条都要付一次通道的同步代价。[`Batcher`] 把逐条到来的数据攒成
//! `Vec`，整批发出，把这份代价分摊到一批上。一批在三种情况下发出：
//!
//! * **攒满了**：第 `max_items` 条进来时立即发出；
//! * **到点了**：从这一批**第一条**进来算起，过了 `max_delay`（由 [`Batcher::flush_if_due`] 检查）；
//! * **被 drop 了**：还没攒满的最后一批也要发出，一条都不能丢。
//!
//! 空批次永远不发。运行测试：`cargo test -p exercise_19`

use std::time::{Duration, Instant};

use crossbeam_channel::{SendError, Sender};

/// 把逐条到来的数据攒成 `Vec`，整批经 `tx` 发出。
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
    /// 接收端已经不在时返回 `Err`，错误里带着这一批数据。
    pub fn push(&mut self, item: T) -> Result<(), SendError<Vec<T>>> {
        // TODO: 截止时间从哪一刻算起？什么时候该记下 `opened_at`，什么时候不该动它？
        // TODO: push 是每条数据都要走的热路径：按数量发出，需要读时钟吗？
        let _ = item;
        todo!("把 item 加进批次，满了就 flush")
    }

    /// 立即发出当前批次（空批次什么也不发）。
    pub fn flush(&mut self) -> Result<(), SendError<Vec<T>>> {
        // TODO: 怎样把攒好的 Vec 整个交给通道，同时给自己换上一个新的空 Vec？（看看 std::mem::replace）
        // TODO: 发出之后，`opened_at` 应当是什么？
        let _ = (&self.tx, self.max_items);
        todo!("发出当前批次")
    }

    /// 当前批次最晚应在什么时候发出；批次为空时没有截止时间。
    pub fn deadline(&self) -> Option<Instant> {
        // TODO: 截止时间 = 第一条进来的时刻 + max_delay。空批次呢？
        let _ = (self.opened_at, self.max_delay);
        todo!("计算截止时间")
    }

    /// 截止时间已到就发出当前批次，返回是否发出了。
    pub fn flush_if_due(&mut self) -> Result<bool, SendError<Vec<T>>> {
        // TODO: 生产者空闲时没有人调用 push，谁来保证数据不会无限期地等下去？
        todo!("到点就 flush")
    }
}

impl<T> Drop for Batcher<T> {
    fn drop(&mut self) {
        // TODO: 被 drop 时批次里还有数据，怎么办？
        // TODO: 如果这时接收端已经不在了，发送会失败：能在 drop 里 panic 吗？
    }
}

#[cfg(test)]
mod tests;
