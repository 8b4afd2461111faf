//! 错误：忽略 sink.send 的错误：下游关闭之后 bridge 还在接收，生产者停不下来
//! 期望：sink 关闭之后

use std::sync::Arc;
use std::thread;
use tokio::sync::mpsc;

#[derive(Debug, Clone)]
pub struct Producer {
    tx: flume::Sender<u64>,
}

// ANCHOR: solution
impl Producer {
    pub fn push(&self, value: u64) -> bool {
        // flume 的同步 send：队列满时阻塞的是这个生产者线程，不是运行时。
        self.tx.send(value).is_ok()
    }
}

pub async fn bridge<F>(
    threads: usize,
    capacity: usize,
    produce: F,
    sink: mpsc::Sender<u64>,
) -> usize
where
    F: Fn(usize, &Producer) + Send + Sync + 'static,
{
    let (tx, rx) = flume::bounded(capacity);
    let produce = Arc::new(produce);
    for id in 0..threads {
        let producer = Producer { tx: tx.clone() };
        let produce = Arc::clone(&produce);
        // 生产者是同步代码，会阻塞：放到自己的线程里，不放进异步任务。
        thread::spawn(move || produce(id, &producer));
    }
    // 原来的 Sender 不 drop，所有生产者结束之后 recv_async 也等不到 Err。
    drop(tx);
    let mut forwarded = 0;
    // 关键决定：recv_async().await 在队列空时让出线程；同步的 recv() 会占住它，
    // 同一个运行时里的其他任务（包括从 sink 取数的那个）就全停了。
    while let Ok(value) = rx.recv_async().await {
        let _ = sink.send(value).await;

        forwarded += 1;
    }
    forwarded
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
