use super::{bounded_queue, Rejected};
use test_support::deadline;

const HINT: &str = "submit 不应该阻塞：队列满时 send() 会一直等到有空位，请用 try_send()";

#[test]
fn accepts_up_to_capacity_then_reports_busy() {
    deadline(HINT, || {
        let (submitter, _rx) = bounded_queue(2);
        assert_eq!(
            submitter.submit("a"),
            Ok(()),
            "队列为空，第 1 个任务应被接受"
        );
        assert_eq!(
            submitter.submit("b"),
            Ok(()),
            "容量为 2，第 2 个任务应被接受"
        );
        assert_eq!(
            submitter.submit("c"),
            Err(Rejected::Busy("c")),
            "队列已满，第 3 个任务应被拒绝为 Busy，并把任务原样交还"
        );
    });
}

#[test]
fn room_frees_up_when_the_receiver_takes_a_job() {
    deadline(HINT, || {
        let (submitter, rx) = bounded_queue(1);
        submitter.submit(1).unwrap();
        assert_eq!(submitter.submit(2), Err(Rejected::Busy(2)));
        assert_eq!(rx.recv(), Ok(1), "接收端应按提交顺序取到任务");
        assert_eq!(
            submitter.submit(3),
            Ok(()),
            "接收端取走一个任务后，队列又有了空位"
        );
        assert_eq!(rx.recv(), Ok(3), "被拒绝的任务 2 不应进入队列");
    });
}

#[test]
fn a_dropped_receiver_means_closed_and_the_job_comes_back() {
    deadline(HINT, || {
        let (submitter, rx) = bounded_queue(4);
        drop(rx);
        let job = String::from("重要的任务");
        assert_eq!(
            submitter.submit(job),
            Err(Rejected::Closed(String::from("重要的任务"))),
            "接收端已 drop：应返回 Closed，并交还任务（不要 unwrap，也不要丢掉它）"
        );
    });
}

#[test]
fn closed_wins_over_busy() {
    deadline(HINT, || {
        let (submitter, rx) = bounded_queue(1);
        submitter.submit(1).unwrap();
        drop(rx);
        assert_eq!(
            submitter.submit(2),
            Err(Rejected::Closed(2)),
            "队列满但接收端已经不在：重试永远不会成功，应报告 Closed 而不是 Busy"
        );
    });
}

#[test]
fn capacity_zero_is_busy_when_nobody_is_waiting() {
    deadline(HINT, || {
        let (submitter, _rx) = bounded_queue(0);
        assert_eq!(
            submitter.submit(7),
            Err(Rejected::Busy(7)),
            "容量 0 的通道没有缓冲区：没有接收者正在 recv() 时，try_send 只能得到 Full"
        );
    });
}

#[test]
fn many_submitters_share_one_queue() {
    deadline(HINT, || {
        let (submitter, rx) = bounded_queue(8);
        let handles: Vec<_> = (0..4)
            .map(|id| {
                let submitter = submitter.clone();
                std::thread::spawn(move || submitter.submit(id))
            })
            .collect();
        drop(submitter);
        let accepted = handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(Result::is_ok)
            .count();
        assert_eq!(accepted, 4, "容量 8 足够放下 4 个任务，全部应被接受");
        let mut got: Vec<i32> = rx.iter().collect();
        got.sort();
        assert_eq!(got, [0, 1, 2, 3], "每个被接受的任务都应恰好到达一次");
    });
}

#[test]
fn a_full_queue_answers_at_once() {
    use std::time::{Duration, Instant};
    deadline(HINT, || {
        let (submitter, _rx) = bounded_queue(1);
        submitter.submit(0).unwrap();
        // 取三次里最快的一次：机器偶尔卡一下不会误报，每次都在等的答案却躲不过。
        let fastest = (1..=3)
            .map(|n| {
                let started = Instant::now();
                assert_eq!(
                    submitter.submit(n),
                    Err(Rejected::Busy(n)),
                    "队列已满，任务 {n} 应被拒绝为 Busy"
                );
                started.elapsed()
            })
            .min()
            .unwrap();
        assert!(
            fastest < Duration::from_millis(50),
            "队列满时 submit 最快也用了 {fastest:?} 才回答 Busy：submit 必须立即返回，\
             不要等一会儿（sleep）再重试——要不要重试，由调用者决定"
        );
    });
}
