use super::gather_by_producer;
use test_support::{deadline, HINT_SENDER_ALIVE};

/// 不单调的数列：排序不能代替“保持发送顺序”。
fn scrambled(producer: u32, len: u32) -> Vec<u32> {
    (0..len)
        .map(|i| (i * 7919 + producer * 104_729) % 1000)
        .collect()
}

fn check(producers: Vec<Vec<u32>>) {
    let expected = producers.clone();
    let got = gather_by_producer(producers);
    assert_eq!(
        got.len(),
        expected.len(),
        "应为每个生产者返回一组（没有发送任何数的生产者也算一组）"
    );
    for (i, (want, have)) in expected.iter().zip(&got).enumerate() {
        assert_eq!(
            have.len(),
            want.len(),
            "生产者 {i} 发送了 {} 个数，却收到 {} 个：消息丢失或被分错了组",
            want.len(),
            have.len()
        );
        assert_eq!(
            have, want,
            "生产者 {i} 的数顺序变了：同一个 Sender 发出的消息按发送顺序到达，不需要排序"
        );
    }
}

#[test]
fn one_producer_keeps_its_order() {
    deadline(HINT_SENDER_ALIVE, || check(vec![scrambled(0, 50)]));
}

#[test]
fn many_producers_each_keep_their_order() {
    deadline(HINT_SENDER_ALIVE, || {
        check((0..8).map(|p| scrambled(p, 1000)).collect());
    });
}

#[test]
fn producers_with_nothing_to_send_get_an_empty_group() {
    deadline(HINT_SENDER_ALIVE, || {
        check(vec![vec![], vec![5, 4, 3], vec![]]);
    });
}

#[test]
fn no_producers_at_all() {
    deadline(HINT_SENDER_ALIVE, || check(vec![]));
}

#[test]
fn equal_values_from_different_producers_stay_apart() {
    deadline(HINT_SENDER_ALIVE, || {
        check(vec![vec![1, 1, 2], vec![2, 1, 1], vec![1, 2, 1]]);
    });
}

/// 一个会“报到”的生产者：第一次被取值时记下自己所在的线程，再等所有生产者都到齐
/// （最多 2 秒）。同时运行的生产者很快就会碰面；一个接一个运行的，只能等到超时。
struct MeetingProducer {
    values: std::vec::IntoIter<u32>,
    first: bool,
    meeting: std::sync::Arc<Meeting>,
}

struct Meeting {
    expected: usize,
    arrived: std::sync::Mutex<Vec<std::thread::ThreadId>>,
    everyone_here: std::sync::Condvar,
    someone_waited_in_vain: std::sync::atomic::AtomicBool,
}

impl Iterator for MeetingProducer {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if std::mem::take(&mut self.first) {
            let meeting = &self.meeting;
            let mut arrived = meeting.arrived.lock().unwrap();
            arrived.push(std::thread::current().id());
            meeting.everyone_here.notify_all();
            let (_arrived, waited) = meeting
                .everyone_here
                .wait_timeout_while(arrived, std::time::Duration::from_secs(2), |a| {
                    a.len() < meeting.expected
                })
                .unwrap();
            if waited.timed_out() {
                meeting
                    .someone_waited_in_vain
                    .store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
        self.values.next()
    }
}

#[test]
fn each_producer_runs_on_its_own_thread_at_the_same_time() {
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Condvar, Mutex};
    deadline(HINT_SENDER_ALIVE, || {
        const PRODUCERS: usize = 3;
        let meeting = Arc::new(Meeting {
            expected: PRODUCERS,
            arrived: Mutex::new(Vec::new()),
            everyone_here: Condvar::new(),
            someone_waited_in_vain: AtomicBool::new(false),
        });
        let values: Vec<Vec<u32>> = (0..PRODUCERS as u32).map(|p| scrambled(p, 20)).collect();
        let producers = values
            .iter()
            .map(|v| MeetingProducer {
                values: v.clone().into_iter(),
                first: true,
                meeting: Arc::clone(&meeting),
            })
            .collect();
        let got = gather_by_producer(producers);
        let threads = meeting.arrived.lock().unwrap().clone();
        assert!(
            !threads.contains(&std::thread::current().id()),
            "有生产者在调用者的线程里被取值：要把生产者整个 move 进它自己的线程，在那里取值、发送"
        );
        assert!(
            !meeting.someone_waited_in_vain.load(Ordering::SeqCst),
            "生产者没有同时运行：{PRODUCERS} 个生产者第一次取值时互相等待，有一个等了 2 秒也没等齐。\
             是不是一个线程包办了所有生产者，或者启动一个线程就 join 一个？"
        );
        let distinct: HashSet<_> = threads.iter().collect();
        assert_eq!(
            distinct.len(),
            PRODUCERS,
            "{PRODUCERS} 个生产者只用了 {} 个线程：每个生产者要有自己的线程",
            distinct.len()
        );
        assert_eq!(got, values, "每个生产者的数应按发送顺序归入自己的组");
    });
}
