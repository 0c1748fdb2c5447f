// Vietnamese and English. The page's language: the visitor's choice, else the browser's (Vietnamese for vi-*).
const messages = {
  vi: {
    'app.name': 'TicketBottle', 'nav.events': 'Sự kiện', 'nav.console': 'Bảng điều khiển', 'nav.gate': 'Soát vé',
    'nav.login': 'Đăng nhập', 'nav.logout': 'Đăng xuất', 'lang.switch': 'English',
    'events.title': 'Sự kiện sắp diễn ra', 'events.none': 'Chưa có sự kiện nào đang mở bán.', 'events.from': 'Từ',
    'login.title': 'Đăng nhập', 'login.email': 'E-mail', 'login.password': 'Mật khẩu', 'login.submit': 'Đăng nhập',
    'login.register': 'Tạo tài khoản', 'login.fullName': 'Họ và tên', 'login.failed': 'E-mail hoặc mật khẩu không đúng.',
    'event.pickSeats': 'Chọn ghế trên sơ đồ, hoặc chọn số lượng theo khu (chỗ tốt nhất còn lại).',
    'event.section': 'Khu', 'event.quantity': 'Số lượng', 'event.bestAvailable': 'Chỗ tốt nhất',
    'event.selected': 'Đã chọn', 'event.provider': 'Thanh toán qua', 'event.buy': 'Xếp hàng mua vé',
    'event.available': 'còn', 'event.stage': 'SÂN KHẤU', 'event.chooseFirst': 'Hãy chọn ghế hoặc số lượng trước.',
    'waitroom.title': 'Phòng chờ', 'waitroom.position': 'Số người phía trước bạn', 'waitroom.eta': 'Thời gian chờ ước tính',
    'waitroom.calculating': 'đang tính…', 'waitroom.minutes': 'khoảng {n} phút', 'waitroom.seconds': 'dưới 1 phút',
    'waitroom.keep': 'Bạn có thể tải lại hoặc đóng trang: chỗ của bạn vẫn được giữ.', 'waitroom.admitted': 'Đến lượt bạn! Đang giữ ghế…',
    'waitroom.reconnecting': 'Mất kết nối, đang kết nối lại…',
    'busy.retrying': 'Hệ thống đang bận, tự thử lại sau {n} giây…',
    'waitroom.draw': 'Bạn đã vào lượt bốc thăm với số {entry}. Thứ tự xếp hàng được bốc thăm công khai lúc mở bán ({time}).',
    'event.fairStart': 'Công bằng khi mở bán: ai vào trước giờ mở bán đều được bốc thăm thứ tự, kiểm chứng được.',
    'console.fairStart': 'Thứ tự khi mở bán', 'console.arrival': 'Ai đến trước mua trước', 'console.draw': 'Bốc thăm lúc mở bán',
    'order.title': 'Đơn hàng', 'order.state.pending': 'Đang xử lý', 'order.state.awaiting_payment': 'Chờ thanh toán',
    'order.state.confirmed': 'Đã thanh toán', 'order.state.cancelled': 'Đã huỷ', 'order.state.expired': 'Hết hạn',
    'order.pay': 'Thanh toán', 'order.download': 'Tải vé (PDF)', 'order.total': 'Tổng cộng', 'order.seat': 'Ghế',
    'order.row': 'Hàng', 'order.mailed': 'Vé đã được gửi tới e-mail của bạn.', 'order.mine': 'Đơn hàng của tôi', 'order.none': 'Bạn chưa có đơn hàng nào.', 'order.more': 'Xem thêm',
    'gate.title': 'Soát vé', 'gate.event': 'Sự kiện', 'gate.gate': 'Cổng', 'gate.token': 'Mã QR trên vé',
    'gate.scan': 'Soát vé', 'gate.offline': 'Ngoại tuyến', 'gate.download': 'Tải danh sách vé', 'gate.sync': 'Đồng bộ',
    'gate.listReady': 'Danh sách: {n} vé', 'gate.pending': '{n} lượt soát chờ đồng bộ',
    'gate.result.admitted': 'MỜI VÀO', 'gate.result.already_used': 'VÉ ĐÃ DÙNG', 'gate.result.order_not_valid': 'ĐƠN KHÔNG HỢP LỆ',
    'gate.result.wrong_event': 'VÉ SỰ KIỆN KHÁC', 'gate.result.unknown_ticket': 'KHÔNG PHẢI VÉ CỦA CHÚNG TÔI',
    'gate.usedAt': 'Đã dùng lúc {time}, cổng {gate}',
    'console.title': 'Sự kiện của tôi', 'console.create': 'Tạo sự kiện', 'console.name': 'Tên sự kiện',
    'console.description': 'Mô tả', 'console.venue': 'Địa điểm', 'console.address': 'Địa chỉ', 'console.startsAt': 'Bắt đầu',
    'console.saleStartsAt': 'Mở bán', 'console.saleEndsAt': 'Đóng bán', 'console.sections': 'Khu (mã; tên; giá VND; hàng A,B,C; ghế/hàng; hoặc sức chứa đứng)',
    'console.admitPerSecond': 'Số người vào mỗi giây', 'console.maxAdmitted': 'Tối đa cùng lúc', 'console.submit': 'Tạo bản nháp',
    'console.publish': 'Mở bán', 'console.live': 'Theo dõi', 'console.pause': 'Tạm dừng vào', 'console.resume': 'Tiếp tục',
    'console.draft': 'Nháp', 'console.published': 'Đang bán', 'console.sold': 'Đã bán', 'console.held': 'Đang giữ',
    'console.available': 'Còn', 'console.revenue': 'Doanh thu', 'console.queue': 'Đang xếp hàng', 'console.admittedNow': 'Đang mua',
    'console.paused': 'Đã tạm dừng', 'console.apply': 'Áp dụng',
    'console.gateStaff': 'Nhân viên soát vé (e-mail, cách nhau bởi dấu phẩy)', 'console.staffSaved': 'Nhân viên soát vé: {list}', 'console.running': 'Đang cho vào', 'console.orders': 'Đơn hàng',
    'error.generic': 'Có lỗi xảy ra, vui lòng thử lại.',
  },
  en: {
    'app.name': 'TicketBottle', 'nav.events': 'Events', 'nav.console': 'Console', 'nav.gate': 'Gate',
    'nav.login': 'Log in', 'nav.logout': 'Log out', 'lang.switch': 'Tiếng Việt',
    'events.title': 'Upcoming events', 'events.none': 'No event is on sale yet.', 'events.from': 'From',
    'login.title': 'Log in', 'login.email': 'E-mail', 'login.password': 'Password', 'login.submit': 'Log in',
    'login.register': 'Create an account', 'login.fullName': 'Full name', 'login.failed': 'Wrong e-mail or password.',
    'event.pickSeats': 'Pick seats on the map, or a quantity per section (best available).',
    'event.section': 'Section', 'event.quantity': 'Quantity', 'event.bestAvailable': 'Best available',
    'event.selected': 'Selected', 'event.provider': 'Pay with', 'event.buy': 'Queue to buy',
    'event.available': 'left', 'event.stage': 'STAGE', 'event.chooseFirst': 'Pick seats or a quantity first.',
    'waitroom.title': 'Waiting room', 'waitroom.position': 'People ahead of you', 'waitroom.eta': 'Estimated wait',
    'waitroom.calculating': 'calculating…', 'waitroom.minutes': 'about {n} min', 'waitroom.seconds': 'under a minute',
    'waitroom.keep': 'You may reload or close this page: your place is kept.', 'waitroom.admitted': 'Your turn! Holding your seats…',
    'waitroom.reconnecting': 'Connection lost, reconnecting…',
    'busy.retrying': 'Busy right now; trying again in {n} s…',
    'waitroom.draw': 'You are in the draw with entry {entry}. The queue order is drawn, verifiably, when the sale opens ({time}).',
    'event.fairStart': 'Fair start: everyone who arrives before the opening gets a place by a verifiable draw.',
    'console.fairStart': 'Order at the opening', 'console.arrival': 'First come, first served', 'console.draw': 'Draw at the opening',
    'order.title': 'Order', 'order.state.pending': 'Processing', 'order.state.awaiting_payment': 'Awaiting payment',
    'order.state.confirmed': 'Paid', 'order.state.cancelled': 'Cancelled', 'order.state.expired': 'Expired',
    'order.pay': 'Pay', 'order.download': 'Download tickets (PDF)', 'order.total': 'Total', 'order.seat': 'Seat',
    'order.row': 'Row', 'order.mailed': 'Your tickets were e-mailed to you.', 'order.mine': 'My orders', 'order.none': 'You have no orders yet.', 'order.more': 'More',
    'gate.title': 'Gate check-in', 'gate.event': 'Event', 'gate.gate': 'Gate', 'gate.token': 'Ticket QR code',
    'gate.scan': 'Check in', 'gate.offline': 'Offline', 'gate.download': 'Download ticket list', 'gate.sync': 'Sync',
    'gate.listReady': 'List: {n} tickets', 'gate.pending': '{n} scans waiting to sync',
    'gate.result.admitted': 'ADMIT', 'gate.result.already_used': 'ALREADY USED', 'gate.result.order_not_valid': 'ORDER NOT VALID',
    'gate.result.wrong_event': 'OTHER EVENT', 'gate.result.unknown_ticket': 'NOT OUR TICKET',
    'gate.usedAt': 'Used at {time}, gate {gate}',
    'console.title': 'My events', 'console.create': 'Create an event', 'console.name': 'Event name',
    'console.description': 'Description', 'console.venue': 'Venue', 'console.address': 'Address', 'console.startsAt': 'Starts',
    'console.saleStartsAt': 'Sale opens', 'console.saleEndsAt': 'Sale closes', 'console.sections': 'Sections (id; name; price VND; rows A,B,C; seats per row; or standing capacity)',
    'console.admitPerSecond': 'Admitted per second', 'console.maxAdmitted': 'Shopping at once', 'console.submit': 'Create draft',
    'console.publish': 'Publish', 'console.live': 'Live', 'console.pause': 'Pause admission', 'console.resume': 'Resume',
    'console.draft': 'Draft', 'console.published': 'On sale', 'console.sold': 'Sold', 'console.held': 'Held',
    'console.available': 'Left', 'console.revenue': 'Revenue', 'console.queue': 'In queue', 'console.admittedNow': 'Shopping',
    'console.paused': 'Paused', 'console.apply': 'Apply',
    'console.gateStaff': 'Gate staff (e-mails, comma-separated)', 'console.staffSaved': 'Gate staff: {list}', 'console.running': 'Admitting', 'console.orders': 'Orders',
    'error.generic': 'Something went wrong, please try again.',
  },
};

export const language = localStorage.getItem('lang') ?? (navigator.language?.toLowerCase().startsWith('vi') ? 'vi' : 'en');

export function t(key, values = {}) {
  const text = messages[language][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

export function money(vnd) {
  return new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-US', { style: 'currency', currency: 'VND' }).format(vnd);
}

export function dateTime(iso, timeZone) {
  return new Intl.DateTimeFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** Fills every [data-i18n] element's text and wires the language switch. */
export function translatePage() {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-placeholder]')) element.placeholder = t(element.dataset.i18nPlaceholder);
  document.getElementById('lang')?.addEventListener('click', () => {
    localStorage.setItem('lang', language === 'vi' ? 'en' : 'vi');
    location.reload();
  });
}
