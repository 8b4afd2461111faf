//! 练习 16：发布/订阅与慢订阅者
//!
//! 一个 [`Broker`] 把每条消息复制给每个订阅者，每个订阅者一条有界的 flume 通道。
//! 订阅时选择队列满了怎么办（[`Policy`]）：
//!
//! * `Block`：发布者等这个订阅者腾出位置——不丢消息，但慢订阅者拖慢所有人；
//! * `DropOldest`：丢掉这个订阅者队列里最旧的一条，放进新的——发布者从不等待，订阅者总能拿到最新的；
//! * `Disconnect`：断开这个订阅者——它取完已缓冲的消息后看到通道断开。
//!
//! 此外，已经离开（drop 了 Receiver）的订阅者，在下一次发布时从列表里移除。
//!
//! 运行测试：`cargo test -p exercise_16`

use flume::{Receiver, Sender};

/// 订阅者的队列满了时怎么办。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    Block,
    DropOldest,
    Disconnect,
}

/// Broker 为一个订阅者保存的东西。
#[derive(Debug)]
#[allow(dead_code)] // 实现 subscribe 和 publish 之后，这些字段就都用上了，可以删掉这一行。
struct Subscriber<T> {
    /// 往这个订阅者的队列里放消息。
    tx: Sender<T>,
    policy: Policy,
    /// 发布者自己留的一份接收端，只在 `DropOldest` 时是 `Some`：队列满时用它取走最旧的一条。
    own_rx: Option<Receiver<T>>,
}

/// 消息的分发者。drop 它，所有订阅者的通道都会断开。
#[derive(Debug)]
pub struct Broker<T> {
    subscribers: Vec<Subscriber<T>>,
}

impl<T> Default for Broker<T> {
    fn default() -> Self {
        Broker {
            subscribers: Vec::new(),
        }
    }
}

impl<T: Clone> Broker<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// 当前还在列表里的订阅者个数。
    pub fn subscriber_count(&self) -> usize {
        self.subscribers.len()
    }
}

impl<T: Clone> Broker<T> {
    /// 新增一个订阅者：队列容量为 `capacity`（`DropOldest` 至少为 1），满了时按 `policy` 处理。
    pub fn subscribe(&mut self, capacity: usize, policy: Policy) -> Receiver<T> {
        // TODO: 哪个函数创建有界的 flume 通道？
        // TODO: 哪种策略需要发布者自己也留一个 Receiver？为什么容量 0 对它行不通？
        let _ = (&mut self.subscribers, capacity, policy);
        todo!("创建通道，记下订阅者，把 Receiver 交给调用者")
    }

    /// 把 `message` 的一份 clone 交给每个订阅者，按各自的策略处理满的队列，
    /// 并移除已经离开或被断开的订阅者。
    pub fn publish(&mut self, message: T) {
        // TODO: 三种策略各用哪个发送方法：会等待的 send，还是从不等待的 try_send？
        // TODO: Disconnect：怎样“断开”一个订阅者？（它的 Sender 被 drop 之后会发生什么？）
        // TODO: DropOldest：try_send 返回 Full 时，怎样腾出一格？腾出之后要重试几次？
        // TODO: 订阅者 drop 了 Receiver，send / try_send 返回什么？
        //       DropOldest 的通道里还有发布者自己那个 Receiver，通道并不会断开：怎么发现订阅者已经走了？
        // TODO: 一边遍历一边移除订阅者：Vec 的哪个方法合适？
        let _ = (&mut self.subscribers, message);
        todo!("按策略投递给每个订阅者，移除该移除的")
    }
}

#[cfg(test)]
mod tests;
