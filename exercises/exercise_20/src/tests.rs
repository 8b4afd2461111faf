use super::{handoff, job_queue, request_log, results, Plan, Rx, TrySendError};
use std::thread;
use test_support::{assert_exactly_once, deadline};

const HINT: &str = "测试卡住了，多半是发送方阻塞在 send 上而没有人接收：容量够不够这个工作负载？\
                    （工作负载 4 里主线程先 join 再接收，容量小于 8 就会死锁。）";

/// 不接收，一直 `try_send`，直到缓冲区满；最多试 `limit` 次。返回成功发送的条数。
fn fill(plan: Plan, limit: usize) -> usize {
    let (tx, _rx) = plan.build::<usize>();
    for sent in 0..limit {
        match tx.try_send(sent) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return sent,
            Err(TrySendError::Disconnected(_)) => unreachable!("接收端还在"),
        }
    }
    limit
}

#[test]
fn handoff_leaves_nothing_in_a_buffer() {
    deadline(HINT, || {
        let plan = handoff();
        let buffered = fill(plan, 1);
        assert_eq!(
            buffered, 0,
            "{plan:?}：没有接收方在等时，消息也能放进缓冲区——send 返回时对方未必接手了。交接需要容量 0"
        );

        let (tx, rx) = plan.build::<String>();
        let receiver = thread::spawn(move || rx.recv());
        tx.send("连接".to_string())
            .expect("接收方正在等，交接应当成功");
        assert_eq!(receiver.join().unwrap().as_deref(), Some("连接"));
    });
}

#[test]
fn request_log_absorbs_a_flush_pause_without_blocking() {
    deadline(HINT, || {
        let plan = request_log();
        let (tx, _rx) = plan.build::<String>();
        // 刷盘停顿的 40 毫秒里：4 个线程 × 每毫秒 25 行 × 40 毫秒，写盘线程一行也不取。
        let writers: Vec<_> = (0..4)
            .map(|writer| {
                let tx = tx.clone();
                thread::spawn(move || {
                    (0..1000)
                        .filter(|line| tx.try_send(format!("请求 {writer}-{line}")).is_err())
                        .count()
                })
            })
            .collect();
        let blocked: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
        assert_eq!(
            blocked, 0,
            "{plan:?}：刷盘停顿期间 4000 行里有 {blocked} 行放不进去——请求线程会被阻塞。容量至少要 4 × 25 × 40 = 4000"
        );
    });
}

#[test]
fn request_log_memory_is_bounded() {
    deadline(HINT, || {
        let plan = request_log();
        let buffered = fill(plan, 10_001);
        assert!(
            buffered <= 10_000,
            "{plan:?}：没有人接收时放进了 {buffered} 行还没满——内存里最多只能积压 10 000 行，需要有界的通道"
        );
    });
}

#[test]
fn job_queue_is_shared_by_four_workers() {
    deadline(HINT, || {
        let plan = job_queue();
        let (tx, rx) = plan.build::<u32>();
        let receivers: Vec<Rx<u32>> = (0..4)
            .map(|_| {
                rx.try_clone().unwrap_or_else(|| {
                    panic!("{plan:?}：接收端不能克隆，4 个工作线程没法共用一个队列——需要多消费者的通道")
                })
            })
            .collect();
        drop(rx);
        let workers: Vec<_> = receivers
            .into_iter()
            .map(|rx| {
                thread::spawn(move || {
                    let mut done = Vec::new();
                    while let Some(job) = rx.recv() {
                        done.push(job);
                    }
                    done
                })
            })
            .collect();
        let jobs: Vec<u32> = (0..1000).collect();
        for &job in &jobs {
            tx.send(job).expect("工作线程都还在");
        }
        drop(tx);
        let done: Vec<u32> = workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        assert_exactly_once(&jobs, &done);
    });
}

#[test]
fn job_queue_capacity_is_between_four_and_eight() {
    deadline(HINT, || {
        let plan = job_queue();
        let buffered = fill(plan, 9);
        assert!(
            buffered >= 4,
            "{plan:?}：只能提前放好 {buffered} 个任务——工作线程会空等分发线程，至少要 4 个"
        );
        assert!(
            buffered <= 8,
            "{plan:?}：工作线程都停着时，分发线程领先了不止 8 个任务——需要容量不超过 8 的有界通道"
        );
    });
}

#[test]
fn results_survive_a_join_before_receiving() {
    deadline(HINT, || {
        let plan = results();
        let (tx, rx) = plan.build::<u32>();
        let workers: Vec<_> = (0..8)
            .map(|id| {
                let tx = tx.clone();
                thread::spawn(move || tx.send(id * id).expect("主线程还拿着接收端"))
            })
            .collect();
        drop(tx);
        // 先 join，再接收：容量不够 8 条时，工作线程阻塞在 send 上，这里就会永远等下去。
        for worker in workers {
            worker.join().unwrap();
        }
        let mut got = Vec::new();
        while let Some(result) = rx.recv() {
            got.push(result);
        }
        let expected: Vec<u32> = (0..8).map(|id| id * id).collect();
        assert_exactly_once(&expected, &got);
    });
}
