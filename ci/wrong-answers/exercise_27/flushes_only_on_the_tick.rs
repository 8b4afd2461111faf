//! 错误：只在定时器响时发出：攒满了也不立刻发，批次超过 max_batch
//! 期望：超过了 max_batch

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{interval_at, Instant};

// ANCHOR: solution
pub async fn batch(
    mut input: mpsc::Receiver<u32>,
    output: mpsc::UnboundedSender<Vec<u32>>,
    mut shutdown: oneshot::Receiver<()>,
    max_batch: usize,
    flush_every: Duration,
) {
    // 关键决定：攒了一半的批次放在循环外面。select! 每一轮都会 drop 输掉的分支，
    // 分支的 future 里不能存着已经取出的消息；recv() 是取消安全的：输了就什么也没取。
    let mut pending = Vec::with_capacity(max_batch);
    // interval 只建一次：它记得下一次该在什么时候响，不会因为来了新消息而重新计时。
    let mut ticks = interval_at(Instant::now() + flush_every, flush_every);
    loop {
        tokio::select! {
            received = input.recv() => match received {
                Some(item) => {
                    pending.push(item);
                }
                // 所有 Sender 都 drop 了：不会再有消息。

                None => break,
            },
            _ = ticks.tick() => flush(&output, &mut pending),
            _ = &mut shutdown => {
                // 先关上入口：此后 send 都会失败，已经 send 成功的留在通道里，一条条取完。
                input.close();
                while let Some(item) = input.recv().await {
                    pending.push(item);
                    if pending.len() == max_batch {
                        flush(&output, &mut pending);
                    }
                }
                break;
            }
        }
    }
    flush(&output, &mut pending);
}

fn flush(output: &mpsc::UnboundedSender<Vec<u32>>, pending: &mut Vec<u32>) {
    if !pending.is_empty() {
        // 没人接收输出时，这一批没有去处，丢掉就是了。
        let _ = output.send(std::mem::take(pending));
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
