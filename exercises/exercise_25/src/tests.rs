use super::{Line, Member, Room};
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;
use test_support::{deadline_async, within_rounds};
use tokio::time::timeout;

const HINT: &str =
    "测试没有结束：房间 drop 之后，recv() 返回 RecvError::Closed，next() 这时应当返回 None，\
                    而不是接着循环；掉队（RecvError::Lagged）之后才是接着 recv";

/// 读一句，期望它是 `text`；读到 None 时说明最可能的原因。
async fn expect_line(member: &mut Member, text: &str) {
    match member.next().await {
        Some(line) => assert_eq!(line.text, text, "成员应当按顺序收到「{text}」"),
        None => panic!(
            "成员在等「{text}」，next() 却返回了 None：房间还在。如果它刚刚掉队，\
             RecvError::Lagged 不是 Closed——它只说明跳过了几句，通道还开着，应当记下跳过的句数，接着 recv"
        ),
    }
}

/// 房间关闭之后的下一句：缓冲区里的话，或者 None。正确的 next() 在几轮调度之内就返回；
/// 在 Closed 上打转的 next() 永远不返回，也让暂停的时钟停住，所以按轮次而不是时间等。
async fn next_after_close(member: &mut Member) -> Option<Line> {
    within_rounds(500, member.next()).await.unwrap_or_else(|| {
        panic!(
            "房间已经关闭，next() 却一直不返回：recv() 得到 RecvError::Closed 时 next() 应当返回 None，\
             而不是接着循环（只有 Lagged 之后才接着 recv）"
        )
    })
}

/// 房间关闭之后一直读到 None，返回读到的每句话的内容。
async fn read_to_end(member: &mut Member) -> Vec<String> {
    let mut texts = Vec::new();
    while let Some(Line { text, .. }) = next_after_close(member).await {
        texts.push(text);
    }
    texts
}

fn numbers(range: std::ops::RangeInclusive<u32>) -> Vec<String> {
    range.map(|n| n.to_string()).collect()
}

#[test]
fn every_member_hears_every_line_in_order() {
    deadline_async(HINT, || async {
        let room = Room::new(16);
        let mut members: Vec<Member> = (0..3).map(|_| room.join()).collect();
        for n in 1..=5 {
            assert_eq!(
                room.say("主持人", &n.to_string()),
                3,
                "房间里有 3 个成员，say 应当返回 3（broadcast::Sender::send 的 Ok 值）"
            );
        }
        drop(room);
        for member in &mut members {
            assert_eq!(
                read_to_end(member).await,
                numbers(1..=5),
                "每个成员都应当按顺序收到全部 5 句，房间 drop 之后得到 None"
            );
            assert_eq!(member.missed(), 0, "没有人掉队，missed() 应当是 0");
        }
    });
}

#[test]
fn an_empty_room_is_not_an_error() {
    deadline_async(HINT, || async {
        let room = Room::new(4);
        let heard = panic::catch_unwind(AssertUnwindSafe(|| room.say("我", "有人吗？")))
            .unwrap_or_else(|_| {
                panic!(
                    "房间里没人时 say panic 了：没有订阅者时 broadcast::Sender::send 返回 Err，\
                     对聊天室来说这只是「0 个人听到」，应当返回 0"
                )
            });
        assert_eq!(
            heard, 0,
            "房间里没有成员，say 应当返回 0：Room 自己不要留一个 Receiver（它也算订阅者，而且从来不读）"
        );
        let mut late = room.join();
        let mut leaving = room.join();
        assert_eq!(room.say("我", "你好"), 2, "两个成员加入后，say 应当返回 2");
        leaving.next().await;
        drop(leaving);
        assert_eq!(
            room.say("我", "再见"),
            1,
            "一个成员离开（drop）后，say 应当返回 1"
        );
        drop(room);
        assert_eq!(
            read_to_end(&mut late).await,
            ["你好", "再见"],
            "成员只收到加入之后说的话"
        );
    });
}

#[test]
fn a_lagging_member_skips_ahead_and_keeps_listening() {
    deadline_async(HINT, || async {
        let room = Room::new(4);
        let mut slow = room.join();
        // 缓冲区只有 4 句：说 10 句时，前 6 句已经被覆盖。
        for n in 1..=10 {
            room.say("快嘴", &n.to_string());
        }
        let mut got = Vec::new();
        let mut ended = false;
        // 时钟是暂停的：等不到下一句时，这 1 秒的超时立刻到期，不会真的等。
        for _ in 0..4 {
            match timeout(Duration::from_secs(1), slow.next()).await {
                Ok(Some(line)) => got.push(line.text),
                Ok(None) => {
                    ended = true;
                    break;
                }
                Err(_) => break,
            }
        }
        assert!(
            !(ended && got.is_empty()),
            "掉队的成员收到了 None：RecvError::Lagged 不是 Closed——它只说明跳过了几句，\
             通道还开着，应当记下跳过的句数，接着 recv"
        );
        assert_eq!(
            got,
            numbers(7..=10),
            "掉队之后应当从缓冲区里还在的最旧一句（第 7 句）接着读，得到 7..=10；\
             resubscribe 会跳到末尾，把缓冲区里这 4 句也丢掉"
        );
        assert_eq!(
            slow.missed(),
            6,
            "missed() 应当是 6：RecvError::Lagged(n) 里的 n 是跳过的句数，要记下来"
        );
        // 跟上之后，新的话照常收到。
        room.say("快嘴", "11");
        expect_line(&mut slow, "11").await;
        // 再掉队一次：又跳过 6 句。
        for n in 12..=21 {
            room.say("快嘴", &n.to_string());
        }
        expect_line(&mut slow, "18").await;
        assert_eq!(
            slow.missed(),
            12,
            "第二次掉队之后 missed() 应当是 12（6 + 6）：每次 Lagged(n) 都要累加，而不是覆盖"
        );
    });
}

#[test]
fn lines_left_in_the_buffer_arrive_before_the_end() {
    deadline_async(HINT, || async {
        let room = Room::new(2);
        let mut member = room.join();
        for n in 1..=5 {
            room.say("主持人", &n.to_string());
        }
        // 房间先关了，成员才开始读：缓冲区里的最后 2 句仍然要收到。
        drop(room);
        assert_eq!(
            read_to_end(&mut member).await,
            numbers(4..=5),
            "房间关闭前说的、还在缓冲区里的话（4、5）应当先收到，然后才是 None"
        );
        assert_eq!(member.missed(), 3, "5 句里被覆盖的 3 句应当计入 missed()");
        assert_eq!(
            next_after_close(&mut member).await,
            None,
            "读完之后再调用 next()，仍然是 None"
        );
    });
}

#[test]
fn a_room_of_capacity_zero_still_works() {
    deadline_async(HINT, || async {
        let room = panic::catch_unwind(|| Room::new(0)).unwrap_or_else(|_| {
            panic!("Room::new(0) panic 了：broadcast 的容量必须大于 0，capacity 为 0 时按 1 处理")
        });
        let mut member = room.join();
        room.say("主持人", "一");
        room.say("主持人", "二");
        drop(room);
        assert_eq!(
            read_to_end(&mut member).await,
            ["二"],
            "容量 1：只留下最后一句"
        );
        assert_eq!(member.missed(), 1, "容量 1 时说了两句，第一句被覆盖");
    });
}
