//! 异步练习（第 10 章）用的 [`deadline`](crate::deadline)：在时限之内运行一个 tokio 测试体。
//!
//! `#[tokio::test]` 的测试体运行在测试线程自己身上，挂起时没有人能让它失败。这里的函数把
//! 「建运行时、`block_on`」整个放进 [`deadline_within`](crate::deadline_within) 的线程里：
//! 异步代码死锁或永远等待时，测试照样在时限内失败，并给出中文提示。
//!
//! 两个函数都用 **current_thread** 运行时：只有一个线程，所以一个任务里的阻塞调用
//! （同步的 `recv()`、`thread::sleep`、`JoinHandle::join`）会让其他所有任务停下来——
//! 测试正是靠这一点确定地发现「在任务里阻塞」的错误。

use crate::{deadline_within, default_limit};
use std::future::Future;
use tokio::runtime::{Builder, Runtime};

/// 在 [`default_limit`](crate::default_limit)（通常是 5 秒）之内，用**暂停的时钟**运行 `body()` 返回的 future。
///
/// 时钟暂停时，所有任务都在等待而最近的计时器还没到期，tokio 会把时钟直接拨到那个计时器：
/// `sleep(1 小时)` 立刻完成，`timeout(1 秒, 永远不来的消息)` 立刻得到 `Elapsed`。测试因此
/// 可以断言「到第 100 毫秒时已经发生了什么」，而不用真的等待，结果也不受机器负载影响。
///
/// `body` 是一个返回 future 的闭包：future 在运行测试体的线程里才创建，所以它不必是 `Send`。
#[track_caller]
pub fn deadline_async<F, Fut>(hint: &str, body: F) -> Fut::Output
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future,
    Fut::Output: Send + 'static,
{
    deadline_within(default_limit(), hint, move || {
        runtime(true).block_on(body())
    })
}

/// 与 [`deadline_async`] 相同，但时钟照常走。
///
/// 测试里有真正的操作系统线程（同步的生产者、`spawn_blocking`）时用它：暂停的时钟看不见
/// 这些线程，会在它们干活时把时钟拨走，让 `timeout` 误报超时。
#[track_caller]
pub fn deadline_async_realtime<F, Fut>(hint: &str, body: F) -> Fut::Output
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future,
    Fut::Output: Send + 'static,
{
    deadline_within(default_limit(), hint, move || {
        runtime(false).block_on(body())
    })
}

/// 运行 `fut`，同时数调度轮次：`fut` 在测试任务让出 `rounds` 次之内完成，返回 `Some(结果)`，
/// 否则返回 `None`。
///
/// 为什么不用 `timeout`？暂停的时钟只在**所有任务都空闲**时才前进。一个写错的任务如果在
/// 忙等（比如 `recv()` 一直返回 `Closed`，它却 `continue`），运行时永远不空闲，虚拟时钟就
/// 停在原地，`timeout` 永远不会到期，测试只能等 [`deadline`](crate::deadline) 的 5 秒。
/// 而 tokio 的协作式调度会让忙等的任务每隔一阵让出一次，所以数轮次总能数完。
///
/// 只用在「本该几乎立刻完成」的地方（通道已经关闭、所有 handle 都已 drop）：正确的代码
/// 在几轮之内完成，`rounds` 取几百就绰绰有余。
pub async fn within_rounds<F: Future>(rounds: u32, fut: F) -> Option<F::Output> {
    let mut fut = std::pin::pin!(fut);
    for _ in 0..rounds {
        tokio::select! {
            biased;
            output = &mut fut => return Some(output),
            () = tokio::task::yield_now() => {}
        }
    }
    None
}

fn runtime(paused: bool) -> Runtime {
    Builder::new_current_thread()
        .enable_all()
        .start_paused(paused)
        .build()
        .expect("无法创建 tokio 运行时")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic;
    use std::time::Duration;
    use tokio::time::{sleep, timeout, Instant};

    #[test]
    fn the_paused_clock_jumps_over_sleeps() {
        let waited = deadline_async("不该超时", || async {
            let start = Instant::now();
            sleep(Duration::from_secs(3600)).await;
            start.elapsed()
        });
        assert_eq!(waited, Duration::from_secs(3600));
    }

    #[test]
    fn a_task_waiting_forever_fails_with_the_hint() {
        let outcome = panic::catch_unwind(|| {
            deadline_within(Duration::from_millis(100), "检查这里", || {
                runtime(true).block_on(async {
                    let (_tx, mut rx) = tokio::sync::mpsc::channel::<()>(1);
                    // _tx 活着，又没有计时器：暂停的时钟也救不了它，只能由 deadline 抓住。
                    rx.recv().await
                })
            })
        });
        let payload = outcome.expect_err("永远等待的测试体必须让 deadline 失败");
        let message = payload
            .downcast_ref::<String>()
            .expect("超时信息应是 String");
        assert!(message.contains("检查这里"), "{message}");
    }

    #[test]
    fn counting_rounds_catches_a_busy_loop_that_stops_the_clock() {
        deadline_async("不该超时", || async {
            let (tx, mut rx) = tokio::sync::broadcast::channel::<u32>(1);
            drop(tx);
            let spinning = tokio::spawn(async move {
                // 写错的接收循环：通道关闭了还在转，永远不空闲。
                while rx.recv().await.is_err() {}
            });
            assert_eq!(within_rounds(500, async { 7 }).await, Some(7));
            // 忙等的任务让虚拟时钟停住，timeout 永远不会到期；数轮次照样能数完。
            let never = within_rounds(
                500,
                timeout(Duration::from_secs(1), std::future::pending::<()>()),
            );
            assert!(
                never.await.is_none(),
                "等不到的 future 应当在 500 轮之后得到 None"
            );
            spinning.abort();
        });
    }

    #[test]
    fn the_realtime_clock_really_waits() {
        let waited = deadline_async_realtime("不该超时", || async {
            let start = std::time::Instant::now();
            sleep(Duration::from_millis(20)).await;
            start.elapsed()
        });
        assert!(waited >= Duration::from_millis(20), "{waited:?}");
    }
}
