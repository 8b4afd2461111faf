//! 练习 28：从同步线程到异步任务的桥，带背压
//!
//! 同步代码（比如读文件、调用阻塞的库）在普通线程里产生数据，异步任务负责把数据送往下游
//! `sink`（一个 tokio 有界通道）。中间用一个容量为 `capacity` 的 flume 通道连接：flume 两边
//! 都能用——线程里同步地 `send`，任务里 `recv_async().await`。
//!
//! * [`Producer::push`]：放入一条数据；队列满时阻塞**生产者线程**，等到有空位（背压）；
//!   消费者不在了（bridge 已经返回）时返回 `false`；
//! * [`bridge`]：启动 `threads` 个生产者线程，第 `id` 个运行 `produce(id, &producer)`；在当前
//!   任务里接收数据，逐条 `sink.send(value).await`；所有生产者结束、队列取空之后，返回转交的条数。
//!   `sink` 关闭（下游不要了）时停止接收并返回。
//! * bridge 等待数据时不能阻塞运行时：测试在单线程运行时里检查别的任务是否还能前进。
//!
//! 运行测试：`cargo test -p exercise_28`

use tokio::sync::mpsc;

/// 生产者线程手里的发送端。
#[derive(Debug, Clone)]
pub struct Producer {
    /// flume 通道的 Sender。
    #[allow(dead_code)] // 实现 push 之后就用上了，可以删掉这一行。
    tx: flume::Sender<u64>,
}

impl Producer {
    /// 放入一条数据；队列满时阻塞当前线程。消费者不在了返回 `false`。
    pub fn push(&self, value: u64) -> bool {
        // TODO: flume::Sender 有 send 和 try_send。队列满时，哪一个会等？
        let _ = value;
        todo!("把 value 放进队列")
    }
}

/// 启动生产者线程，把它们产生的数据逐条转交给 `sink`，返回转交的条数。
pub async fn bridge<F>(
    threads: usize,
    capacity: usize,
    produce: F,
    sink: mpsc::Sender<u64>,
) -> usize
where
    F: Fn(usize, &Producer) + Send + Sync + 'static,
{
    // TODO: 有界还是无界的 flume 通道？生产者比下游快时，无界通道里会积压多少？
    // TODO: 每个线程都要调用 produce：怎样把一个闭包交给好几个线程？（Arc）
    // TODO: 线程都拿到自己的 Producer 之后，手里原来那个 Sender 怎么办？
    // TODO: 在 async fn 里等数据：flume 的 recv() 和 recv_async().await 有什么不同？
    // TODO: sink.send(value) 返回什么？不 .await 会怎样？它返回 Err 说明什么？
    let _ = (threads, capacity, produce, sink);
    todo!("启动生产者线程，接收并转交数据")
}

#[cfg(test)]
mod tests;
