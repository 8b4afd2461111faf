//! 练习测试共用的小工具。
//!
//! 最重要的是 [`deadline`]：并发代码写错时最常见的症状不是错误答案，而是**永远不结束**
//! （某个 `Sender` 没有被 drop，`recv()` 一直等下去）。`cargo test` 遇到挂起的测试只会
//! 沉默地卡住，对自学的人毫无帮助。`deadline` 把测试体放到单独的线程里运行，超过时限就
//! 让测试失败，并用中文说明最可能的原因。

pub mod nats;

#[cfg(feature = "tokio")]
mod tokio_rt;
#[cfg(feature = "tokio")]
pub use tokio_rt::{deadline_async, deadline_async_realtime, within_rounds};

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
    let (running, waiting) = schedstat("/proc/thread-self/schedstat")?;
    Some(running + waiting)
}

/// Linux `schedstat` 文件的前两项：在 CPU 上运行的时间、在运行队列里等 CPU 的时间（纳秒）。
fn schedstat(path: &str) -> Option<(Duration, Duration)> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut fields = text
        .split_whitespace()
        .map(|n| n.parse().map(Duration::from_nanos));
    Some((fields.next()?.ok()?, fields.next()?.ok()?))
}

/// 调用这个函数的线程在操作系统里的编号（Linux 的 tid）。
///
/// 读 `/proc/thread-self` 这个符号链接（它指向 `<pid>/task/<tid>`），不需要 `unsafe`。
/// 不在 Linux 上（或读不到 `/proc`）时返回 `None`。
pub fn current_os_thread_id() -> Option<u32> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    link.file_name()?.to_str()?.parse().ok()
}

/// 本进程里名字（Linux 的 `comm`）等于 `name` 的线程的编号。
///
/// 用途：测试看不到被测代码自己启动的线程，但 Linux 上新线程**继承**创建它的线程的
/// 名字（`thread::spawn` 不设名字）。所以在一个名字独特的线程里调用被测函数，它启动的
/// 工作线程也叫这个名字，就能找出来。`comm` 最多 15 个字节：请用不超过 15 个字符的
/// ASCII 名字。不在 Linux 上时返回空 `Vec`。
pub fn threads_named(name: &str) -> Vec<u32> {
    let wanted = &name.as_bytes()[..name.len().min(15)];
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    let mut found: Vec<u32> = tasks
        .filter_map(Result::ok)
        .filter_map(|task| {
            let tid = task.file_name().to_str()?.parse().ok()?;
            let comm = std::fs::read(task.path().join("comm")).ok()?;
            (comm.strip_suffix(b"\n").unwrap_or(&comm) == wanted).then_some(tid)
        })
        .collect();
    found.sort_unstable();
    found
}

/// 本进程里编号为 `tid` 的线程到目前为止用掉的 CPU 时间。
///
/// 优先读 `/proc/self/task/<tid>/schedstat` 的第一项（纳秒）；没有它时退回 `stat` 里的
/// `utime + stime`（时钟滴答，按每秒 100 次换算，精度只有 10 ms）。线程已经结束、或者
/// 不在 Linux 上时返回 `None`。
pub fn thread_cpu_time(tid: u32) -> Option<Duration> {
    let dir = format!("/proc/self/task/{tid}");
    if let Some((running, _waiting)) = schedstat(&format!("{dir}/schedstat")) {
        return Some(running);
    }
    let stat = std::fs::read_to_string(format!("{dir}/stat")).ok()?;
    // 第 2 项（线程名）在括号里，可能含空格：从最后一个 ')' 之后开始数。
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // 括号之后的第 1 项是原来的第 3 项；utime、stime 是原来的第 14、15 项。
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// 在 `quiet` 这段安静时间里，`tids` 这些线程一共用掉了多少 CPU 时间。
///
/// 调用者自己负责让这段时间“安静”：被测线程此刻应当无事可做（通道空着，但 `Sender`
/// 还活着）。阻塞在 `recv` 上的线程几乎不用 CPU；用 `try_recv` 轮询的线程把分到的 CPU
/// 全部用光。量的是**时间本身**，所以这里真的要等 `quiet` 那么久。
/// 只算在这段时间的开头和结尾都读得到的线程：按名字找到的线程里可能有一个刚被 join、
/// 正在退出的线程，它的 `/proc` 条目随时会消失——它不该让整个测量作废。
/// 一个线程也读不到（不在 Linux 上，或者它们都已结束）时返回 `None`，调用者应跳过检查。
pub fn cpu_used_during(tids: &[u32], quiet: Duration) -> Option<Duration> {
    let before: Vec<(u32, Duration)> = tids
        .iter()
        .filter_map(|&tid| Some((tid, thread_cpu_time(tid)?)))
        .collect();
    thread::sleep(quiet);
    let used: Vec<Duration> = before
        .iter()
        .filter_map(|&(tid, start)| Some(thread_cpu_time(tid)?.saturating_sub(start)))
        .collect();
    (!used.is_empty()).then(|| used.iter().sum())
}

/// 检查 `tids` 这些线程在安静的 `quiet` 里没有空转，否则用中文说明并 panic。
///
/// 阈值是 `quiet` 的 1%：阻塞等待的线程在安静时间里根本不运行（用掉 0 到几微秒）；空转的
/// 线程一直可运行，即使在很忙的机器上（许多线程分两个核），调度器也会在每个调度周期
/// （几十毫秒）里给它几毫秒。`what` 说明被测的是哪个线程（例如「工作线程」），
/// 会写进失败信息。读不到 CPU 时间时不检查。失败信息里含有「空转」二字。
#[track_caller]
pub fn assert_not_spinning(tids: &[u32], quiet: Duration, what: &str) {
    assert!(!tids.is_empty(), "找不到要测量的线程（{what}）");
    if let Some(used) = cpu_used_during(tids, quiet) {
        assert!(
            used < quiet / 100,
            "{what}在 {:.0} ms 的安静时间里（通道空着，Sender 还活着）用掉了 {:.1} ms CPU：\
             它在空转，而不是阻塞等待。是不是在用 try_recv（或 select! 的 default 臂）轮询？\
             请用会阻塞的 recv()、recv_timeout() 或 select! 等待消息",
            quiet.as_secs_f64() * 1000.0,
            used.as_secs_f64() * 1000.0
        );
    }
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

    #[test]
    fn a_spinning_thread_is_told_apart_from_a_blocked_one() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        if current_os_thread_id().is_none() {
            return; // 不在 Linux 上：这些工具返回 None，没有什么可测的。
        }
        let stop = Arc::new(AtomicBool::new(false));
        let (tid_tx, tid_rx) = mpsc::channel();
        let (keep_tx, idle_rx) = mpsc::channel::<()>();
        // 有名字的线程先启动一个不设名字的线程：后者应当继承名字，这正是测试找线程的办法。
        let parent = {
            let stop = Arc::clone(&stop);
            thread::Builder::new()
                .name("ts-probe-spin".into())
                .spawn(move || {
                    let spinner = thread::spawn(move || {
                        while !stop.load(Ordering::Relaxed) {
                            std::hint::spin_loop();
                        }
                    });
                    tid_tx.send(current_os_thread_id()).unwrap();
                    spinner.join().unwrap();
                })
                .unwrap()
        };
        // 新线程的名字是它自己启动后才设上的：等它报到，再按名字找它。
        let (idle_ready_tx, idle_ready_rx) = mpsc::channel();
        let blocked = thread::Builder::new()
            .name("ts-probe-idle".into())
            .spawn(move || {
                idle_ready_tx.send(()).unwrap();
                let _ = idle_rx.recv();
            })
            .unwrap();
        idle_ready_rx.recv().unwrap();
        let parent_tid = tid_rx.recv().unwrap().unwrap();
        let named = threads_named("ts-probe-spin");
        assert_eq!(named.len(), 2, "子线程应继承名字：{named:?}");
        let spinner: Vec<u32> = named.into_iter().filter(|&t| t != parent_tid).collect();
        let idle = threads_named("ts-probe-idle");
        assert_eq!(idle.len(), 1);

        let quiet = Duration::from_millis(100);
        assert_not_spinning(&idle, quiet, "阻塞的线程");
        let message = panic_message(|| assert_not_spinning(&spinner, quiet, "忙等的线程"));
        assert!(message.contains("空转"), "{message}");
        assert!(thread_cpu_time(spinner[0]).unwrap() > Duration::ZERO);

        stop.store(true, Ordering::Relaxed);
        parent.join().unwrap();
        drop(keep_tx);
        blocked.join().unwrap();
        assert_eq!(thread_cpu_time(spinner[0]), None, "线程结束后读不到它");
    }
}
