//! 练习测试共用的小工具。
//!
//! 最重要的是 [`deadline`]：并发代码写错时最常见的症状不是错误答案，而是**永远不结束**
//! （某个 `Sender` 没有被 drop，`recv()` 一直等下去）。`cargo test` 遇到挂起的测试只会
//! 沉默地卡住，对自学的人毫无帮助。`deadline` 把测试体放到单独的线程里运行，超过时限就
//! 让测试失败，并用中文说明最可能的原因。

pub mod nats;

use std::panic;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// 练习测试的默认时限。正确答案在毫秒级完成；5 秒只会被挂起的答案触发。
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(5);

/// 最常见的挂起原因，用作 [`deadline`] 的提示。
pub const HINT_SENDER_ALIVE: &str =
    "是否有 Sender 没有被 drop（包括 clone 之前的那个原始 Sender），导致 recv() 或 `for msg in rx` 永远等待？";

/// 设置了这个环境变量（毫秒数）时，[`deadline`] 用它代替 [`DEFAULT_LIMIT`]。
///
/// 只给 `cargo xtask wrong-answers` 用：它要证明几百个错误答案都会被拒绝，其中会挂起的
/// 那些不必每个都等满 5 秒。学习者运行测试时不设置它。
pub const LIMIT_ENV: &str = "TEST_SUPPORT_DEADLINE_MS";

/// [`deadline`] 实际使用的时限：[`LIMIT_ENV`] 给出的毫秒数，没有设置（或无法解析）时是
/// [`DEFAULT_LIMIT`]。
pub fn default_limit() -> Duration {
    std::env::var(LIMIT_ENV)
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(DEFAULT_LIMIT, Duration::from_millis)
}

/// 在 [`default_limit`]（通常是 [`DEFAULT_LIMIT`]）之内运行 `body` 并返回它的结果。
///
/// * `body` 正常结束：返回它的值。
/// * `body` panic（例如断言失败）：原样重新抛出，学习者看到的是原来的断言信息。
/// * 超时：测试失败，信息里写明时限和 `hint`（最可能的原因、该检查什么）。
///
/// 超时后运行 `body` 的线程无法被强行停止，它会被留在后台，直到测试进程退出。
///
/// 超时信息指向调用 `deadline` 的那一行测试（`#[track_caller]`），而不是这个文件。
#[track_caller]
pub fn deadline<T, F>(hint: &str, body: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    deadline_within(default_limit(), hint, body)
}

/// 与 [`deadline`] 相同，但时限由调用者给出。
#[track_caller]
pub fn deadline_within<T, F>(limit: Duration, hint: &str, body: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (done_tx, done_rx) = mpsc::channel();
    let runner = thread::Builder::new()
        .name("测试体".into())
        .spawn(move || {
            let outcome = panic::catch_unwind(panic::AssertUnwindSafe(body));
            // 超时之后接收端已经不在了，这时发送失败是预期的，忽略即可。
            let _ = done_tx.send(outcome);
        })
        .expect("无法创建运行测试体的线程");

    match done_rx.recv_timeout(limit) {
        Ok(Ok(value)) => {
            // 测试体已经把结果送回来了，线程马上就会结束。
            let _ = runner.join();
            value
        }
        Ok(Err(payload)) => panic::resume_unwind(payload),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "测试在 {} 秒内没有结束，多半是死锁或永远等待：{hint}",
            limit.as_secs_f64()
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            unreachable!("运行测试体的线程总会在退出前发回结果")
        }
    }
}

/// 检查 `received` 恰好包含 `sent` 的每个元素各一次（顺序不论）。
///
/// 失败时用中文说明是**丢失**还是**重复**，以及数量和一个具体的例子，
/// 例如「消息丢失：发送了 1000 条，只收到 998 条；例如 17 没有收到」。
pub fn assert_exactly_once<T>(sent: &[T], received: &[T])
where
    T: Ord + Clone + std::fmt::Debug,
{
    let mut sent_sorted = sent.to_vec();
    let mut received_sorted = received.to_vec();
    sent_sorted.sort();
    received_sorted.sort();
    if let Some(dup) = received_sorted.windows(2).find(|w| w[0] == w[1]) {
        let extra = sent_sorted
            .windows(2)
            .any(|w| w[0] == w[1] && w[0] == dup[0]);
        if !extra {
            panic!(
                "消息重复：{:?} 被收到了不止一次（发送了 {} 条，收到 {} 条）",
                dup[0],
                sent.len(),
                received.len()
            );
        }
    }
    let missing = sent_sorted
        .iter()
        .find(|x| received_sorted.binary_search(x).is_err());
    if let Some(missing) = missing {
        panic!(
            "消息丢失：发送了 {} 条，只收到 {} 条；例如 {missing:?} 没有收到",
            sent.len(),
            received.len()
        );
    }
    let unexpected = received_sorted
        .iter()
        .find(|x| sent_sorted.binary_search(x).is_err());
    if let Some(unexpected) = unexpected {
        panic!("收到了从未发送过的消息 {unexpected:?}");
    }
    assert_eq!(
        sent_sorted,
        received_sorted,
        "消息数目不对：发送了 {} 条，收到 {} 条",
        sent.len(),
        received.len()
    );
}

/// 当前线程到目前为止“想要 CPU”的总时间：在 CPU 上运行的时间，加上已经就绪、在运行队列里
/// 等 CPU 的时间。读自 Linux 的 `/proc/thread-self/schedstat`；别的系统上（或读不到时）返回
/// `None`，调用者应跳过相应检查。
///
/// 用来抓“轮询”：一个用 `try_recv` 空转等消息的线程从不睡眠，这个值几乎等于墙上时间；
/// 阻塞等待的线程在睡眠，这个值接近 0。只看 CPU 时间是不够的：机器忙的时候，空转的线程
/// 分不到多少 CPU，但它一直在排队——把排队时间也算上，判断就不受机器负载影响。
/// 只在**安静**的时段（没有消息到来）比较：每次被唤醒也要排队，消息很密时阻塞的线程
/// 同样会积累可观的排队时间。
pub fn thread_busy_time() -> Option<Duration> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = schedstat.split_whitespace();
    let running: u64 = fields.next()?.parse().ok()?;
    let waiting: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_nanos(running + waiting))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn panic_message(f: impl FnOnce() + panic::UnwindSafe) -> String {
        let payload = panic::catch_unwind(f).expect_err("应当失败");
        payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn exactly_once_names_lost_and_duplicated_messages() {
        assert_exactly_once(&[3, 1, 2], &[1, 2, 3]);
        let lost = panic_message(|| assert_exactly_once(&[1, 2, 3], &[1, 3]));
        assert!(
            lost.contains("消息丢失：发送了 3 条，只收到 2 条；例如 2 没有收到"),
            "{lost}"
        );
        let dup = panic_message(|| assert_exactly_once(&[1, 2], &[1, 2, 2]));
        assert!(dup.contains("消息重复：2"), "{dup}");
        let alien = panic_message(|| assert_exactly_once(&[1, 2], &[1, 9]));
        assert!(alien.contains("丢失"), "{alien}");
    }

    #[test]
    fn returns_the_value_of_a_finished_body() {
        assert_eq!(deadline(HINT_SENDER_ALIVE, || 6 * 7), 42);
    }

    #[test]
    fn a_hanging_body_fails_fast_with_the_hint() {
        let started = Instant::now();
        let outcome = panic::catch_unwind(|| {
            deadline_within(Duration::from_millis(100), "检查这里", || {
                let (_tx, rx) = mpsc::channel::<()>();
                // _tx 活着，recv 永远等不到结果：这正是 guard 要抓住的情形。
                let _ = rx.recv();
            })
        });
        let payload = outcome.expect_err("挂起的测试体必须让 deadline 失败");
        let message = payload
            .downcast_ref::<String>()
            .expect("超时信息应是 String");
        assert!(message.contains("0.1 秒内没有结束"), "{message}");
        assert!(message.contains("检查这里"), "{message}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn an_assertion_in_the_body_keeps_its_own_message() {
        let outcome =
            panic::catch_unwind(|| deadline("不该出现", || assert_eq!(1 + 1, 3, "原始信息")));
        let payload = outcome.expect_err("断言失败必须传出来");
        let message = payload
            .downcast_ref::<String>()
            .expect("断言信息应是 String");
        assert!(message.contains("原始信息"), "{message}");
        assert!(!message.contains("不该出现"), "{message}");
    }

    #[test]
    fn a_spinning_thread_is_busy_and_a_blocked_one_is_not() {
        let Some(before) = thread_busy_time() else {
            return; // 不是 Linux：没有 /proc，跳过。
        };
        let spin_until = std::time::Instant::now() + Duration::from_millis(200);
        while std::time::Instant::now() < spin_until {
            std::hint::spin_loop();
        }
        let spun = thread_busy_time().unwrap() - before;
        assert!(
            spun >= Duration::from_millis(150),
            "空转 200 ms 只记了 {spun:?}"
        );

        let (_tx, rx) = mpsc::channel::<()>();
        let before = thread_busy_time().unwrap();
        let _ = rx.recv_timeout(Duration::from_millis(200));
        let blocked = thread_busy_time().unwrap() - before;
        assert!(
            blocked <= Duration::from_millis(20),
            "阻塞 200 ms 却记了 {blocked:?}"
        );
    }
}
