-- The catalogue of programs the platform runs (DESIGN.md section 1). Status and dates are
-- changed by managers; this is the starting state of a new installation.
INSERT INTO programs (slug, name_ko, name_en, summary_ko, summary_en, status, starts_on, ends_on, sort_order) VALUES
('market', 'U+로드 상생 마켓', 'Community market', '매주 수요일 10시, 산지 농산물을 반값에 한정 판매하고 판매액 일부를 기부합니다.', 'Every Wednesday at 10:00 a limited drop of farm products at half price; part of every sale is donated.', 'preparing', NULL, NULL, 1),
('live', '전통시장 라이브 쇼핑', 'Live market shopping', '진행자가 전통시장을 생중계로 둘러보고, 시청자는 방송 중에 구매합니다.', 'A host tours a traditional market live; viewers buy the featured products during the show.', 'preparing', NULL, NULL, 2),
('events', '캠페인 라이브 행사', 'Campaign live events', '모이기 어려운 분들을 위한 결혼식, 입학식, 임관식 생중계.', 'Live ceremonies for people who cannot gather: weddings, orientations, commissionings.', 'preparing', NULL, NULL, 3),
('performances', '무료 공연 스트리밍', 'Free performances', '협력 단체의 공연을 IPTV와 모바일로 무료 상영합니다.', 'Partner performances streamed for free on IPTV and mobile.', 'preparing', NULL, NULL, 4),
('alley', '골목 멤버십', 'Neighbourhood membership', '동네 가게의 멤버 할인과 경품 이벤트.', 'Member discounts and prize events at neighbourhood shops.', 'preparing', NULL, NULL, 5),
('credit', '행복 크레딧', 'Happiness credit', '사회적기업 상품 구매로 기부 전용 크레딧을 적립하고, 연말에 전액 기부합니다.', 'Purchases from social enterprises earn donation-only credit, all donated at year end.', 'preparing', NULL, NULL, 6),
('it-support', 'IT 서포터즈', 'IT supporters', '인증 받은 임직원이 디지털 소외계층을 찾아가 IT를 돕고 가르칩니다.', 'Certified employees give free home IT help and education to the digitally excluded.', 'preparing', NULL, NULL, 7),
('internet-doctor', '인터넷 닥터', 'Internet doctor', '고객이 지정한 기사가 먼저 출동합니다.', 'The engineer a customer names is dispatched first.', 'preparing', NULL, NULL, 8),
('female-tech', '여성 기사 방문', 'Female technicians', '낮에 여성이나 어르신 혼자 계신 가정에 여성 기사가 방문합니다.', 'A female technician for homes where a woman or an elderly person is alone.', 'preparing', NULL, NULL, 9),
('outage', '장애 자동 보상', 'Outage compensation', '인터넷 장애 시 신청 없이 약관에 따라 자동으로 보상합니다.', 'Broadband outages are compensated automatically under the service terms.', 'preparing', NULL, NULL, 10),
('volunteer', '임직원 봉사단', 'Volunteer corps', '임직원 봉사 시간과 활동을 기록합니다.', 'Employee volunteer hours and activities, recorded.', 'preparing', NULL, NULL, 11),
('hearing', '청각 장애 아동 지원', 'Hearing support', '청각장애 아동의 인공와우 수술과 재활을 지원합니다.', 'Cochlear-implant surgery and rehabilitation grants for hearing-impaired children.', 'preparing', NULL, NULL, 12),
('art-hall', '아트홀 기금', 'Art hall fund', '공연장 수익 전액을 지원 기금으로 적립합니다.', 'All revenue of the performance hall goes into the grant fund.', 'preparing', NULL, NULL, 13),
('transparency', '투명성 공개', 'Transparency', '프로그램과 대상별로 모금, 기부, 지원 내역을 누구나 확인합니다.', 'Anyone can see what was raised, donated, granted and done, and check the books.', 'active', NULL, NULL, 14);
